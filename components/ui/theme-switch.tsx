'use client';

import { useEffect } from 'react';
import { useStoredChoice } from '@/lib/client/stored-choice';

/** The dashboard's colour scheme: the browser's preference (system), or light or dark chosen here. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'flowdeck.theme';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Sets <html data-theme> to the choice kept in localStorage (absent: follow prefers-color-scheme). */
function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

/** The script that applies the kept choice before the page paints (no flash of the other scheme). */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem('${KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

/** System / Light / Dark, kept per browser. */
export function ThemeSwitch() {
  const [theme, keep] = useStoredChoice(KEY, THEMES, 'system');
  useEffect(() => apply(theme), [theme]);
  const choose = (choice: ThemeChoice) => {
    keep(choice);
    apply(choice);
  };
  return (
    <label className="theme-switch">
      <span className="sr-only">Colour scheme</span>
      <select aria-label="Colour scheme" value={theme} onChange={(e) => choose(e.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
