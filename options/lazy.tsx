import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../src/ui/i18n';

/**
 * Code loaded after the page's first paint: at once (`isEager`), or when its place scrolls near the view or its
 * section is opened from the page's navigation. Keeps the page's first script small (scripts/check-size.mjs).
 */
export function Lazy<M>({
  load,
  render,
  isEager = false,
  minHeight,
}: {
  load: () => Promise<M>;
  render: (module: M) => ComponentChildren;
  isEager?: boolean;
  /** Space held until the code is in, so what follows starts out of view. */
  minHeight?: string;
}) {
  const [module, setModule] = useState<M | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let isGone = false;
    const go = () =>
      load().then(
        (m) => {
          if (!isGone) setModule(() => m);
        },
        (err) => {
          if (!isGone) setError(errorText(err));
        },
      );
    const el = ref.current;
    if (isEager || !el || typeof IntersectionObserver === 'undefined') {
      void go();
      return () => {
        isGone = true;
      };
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          void go();
        }
      },
      { rootMargin: '100px' },
    );
    io.observe(el);
    return () => {
      isGone = true;
      io.disconnect();
    };
  }, []);
  // A link to a section inside (options/index.html#data) could not scroll before the section existed.
  useEffect(() => {
    if (!module || !location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && ref.current?.contains(target)) target.scrollIntoView();
  }, [module]);
  if (error) {
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  }
  return (
    <div ref={ref} style={module || !minHeight ? undefined : { minHeight }} aria-busy={module ? undefined : true}>
      {module ? render(module) : null}
    </div>
  );
}
