import Link from 'next/link';

const sections = [
  { href: '/', label: 'Instances' },
  { href: '/approvals', label: 'Approvals' },
  { href: '/demos', label: 'Demos' },
];

/** The top bar with the product name and links to the dashboard's sections. */
export function AppNav() {
  return (
    <header className="app-nav">
      <Link href="/" className="brand">
        Flowdeck
      </Link>
      <nav aria-label="Main">
        <ul>
          {sections.map((s) => (
            <li key={s.href}>
              <Link href={s.href}>{s.label}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
