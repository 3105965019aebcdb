'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { AccountMenu } from './account/account-menu';
import { ThemeSwitch } from './ui/theme-switch';

const sections = [
  { href: '/', label: 'Instances' },
  { href: '/approvals', label: 'Approvals' },
  { href: '/demos', label: 'Demos' },
  { href: '/audit', label: 'Audit' },
  { href: '/system', label: 'System' },
];

/** The top bar with the product name and links to the dashboard's sections (the current one marked). */
export function AppNav() {
  const pathname = usePathname();
  const current = (href: string) => (href === '/' ? pathname === '/' || pathname.startsWith('/instances') : pathname.startsWith(href));
  return (
    <header className="app-nav">
      <Link href="/" className="brand">
        Flowdeck
      </Link>
      <nav aria-label="Main">
        <ul>
          {sections.map((s) => (
            <li key={s.href}>
              <Link href={s.href} aria-current={current(s.href) ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ThemeSwitch />
      <AccountMenu />
    </header>
  );
}
