import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/app-nav';
import { LocalModeBanner } from '@/components/account/account-menu';
import { SessionGate } from '@/components/session-gate';
import { THEME_BOOT_SCRIPT } from '@/components/ui/theme-switch';
import { Providers } from './providers';
import './globals.css';
import '@/components/styles/controls.css';
import '@/components/styles/tables.css';
import '@/components/styles/pages.css';
import '@/components/styles/account.css';

export const metadata: Metadata = {
  title: 'Flowdeck',
  description: 'Durable workflows you can watch: history, timeline and controls for every instance.',
};

/** The shell every dashboard page renders in: top navigation and the page's content. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <Providers>
          <AppNav />
          <main className="page">
            <SessionGate />
            <LocalModeBanner />
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
