/** @module Copies text to the clipboard and says so (visibly and to screen readers). */
import { useState } from 'react';

export function CopyButton({ text, label = 'Copy', className = '' }: { text: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // Clipboard access needs a secure context or permission; selecting the text is the fallback.
      setCopied('no');
    }
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <button type="button" className={`btn btn-small ${className}`} onClick={copy}>
      {copied === 'yes' ? 'Copied ✓' : copied === 'no' ? 'Select and copy' : label}
      <span className="visually-hidden" aria-live="polite">
        {copied === 'yes' ? 'Copied to clipboard' : ''}
      </span>
    </button>
  );
}
