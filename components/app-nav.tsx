'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { Role } from '@/lib/auth/roles';
import { usePermissions } from '@/lib/client/session';
import { AccountMenu } from './account/account-menu';
import { RefreshControl } from './ui/refresh-control';
import { ThemeSwitch } from './ui/theme-switch';

/** The sections, each with the role it needs when not every role may open it (Users is in the account menu, for admins). */
const sections: { href: string; label: string; role?: Role }[] = [
  { href: '/', label: 'Instances' },
  { href: '/approvals', label: 'Approvals' },
  { href: '/demos', label: 'Demos' },
  { href: '/audit', label: 'Audit', role: 'operator' },
  { href: '/system', label: 'System' },
];

/** The top bar with the product name and links to the dashboard's sections the signed-in role may open (the current one marked). */
export function AppNav() {
  const pathname = usePathname();
  const { allows } = usePermissions();
  const current = (href: string) => (href === '/' ? pathname === '/' || pathname.startsWith('/instances') : pathname.startsWith(href));
  return (
    <header className="app-nav">
      <Link href="/" className="brand">
        Flowdeck
      </Link>
      <nav aria-label="Main">
        <ul>
          {sections.filter((s) => !s.role || allows(s.role)).map((s) => (
            <li key={s.href}>
              <Link href={s.href} aria-current={current(s.href) ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <RefreshControl />
      <ThemeSwitch />
      <AccountMenu />
    </header>
  );
}
