/** @module A titled, copyable block of code (setup snippets, DSNs, raw stack traces). */
import { CopyButton } from './copy-button.tsx';

export function CodeBlock({ code, title, note }: { code: string; title?: string; note?: string }) {
  return (
    <figure className="code-block">
      {(title || note) && (
        <figcaption>
          {title && <span className="code-title">{title}</span>}
          {note && <span className="code-note">{note}</span>}
        </figcaption>
      )}
      <div className="code-body">
        <pre tabIndex={0} aria-label={title ? `${title} code` : 'code'}>
          <code>{code}</code>
        </pre>
        <CopyButton text={code} label={title ? `Copy ${title}` : 'Copy'} className="code-copy" />
      </div>
    </figure>
  );
}
