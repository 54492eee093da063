import type { ComponentChildren } from 'preact';

/**
 * A decorative icon: its words always stand next to it, so it is hidden from assistive technology
 * and never takes focus. `box` is the drawing's square viewBox, `size` the pixels it takes.
 */
export function Icon({
  class: className,
  size = 24,
  box = 24,
  children,
}: {
  class: string;
  size?: number;
  box?: number;
  children: ComponentChildren;
}) {
  return (
    <svg
      class={className}
      viewBox={`0 0 ${box} ${box}`}
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}
