import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways on narrow screens. The scrolling box can be focused and is a named region,
 * so keyboard users can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable) and screen readers say what it holds.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
