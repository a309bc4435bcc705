/**
 * @module The issue search box: the core's `key:value` syntax with suggestions for keys and then values (an ARIA
 * combobox: arrows move, Enter or Tab picks, Escape closes). Enter with nothing picked runs the search.
 */
import { forwardRef, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../../lib/api-client.ts';
import type { TagValue } from '../../lib/api-types.ts';
import { quote } from '../../lib/query-tokens.ts';
import { useOrg } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { BUILTIN_KEYS, wordAt } from './search-keys.ts';

interface Option {
  id: string;
  label: string;
  hint?: string;
  /** Text replacing the word under the caret. */
  insert: string;
  /** A picked key leaves the list open for its values; a picked value closes it. */
  isKey: boolean;
}

export const SearchBar = forwardRef<HTMLInputElement, { value: string; projectIds: string[]; onSearch: (q: string) => void }>(function SearchBar(
  { value, projectIds, onSearch },
  ref,
) {
  const org = useOrg();
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [remote, setRemote] = useState<{ key: string; values: string[] } | null>(null);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const listId = useId();
  const tagKeys = useApi<Array<{ key: string }>>(`/organizations/${org}/tags/`, { project: projectIds });

  useEffect(() => setText(value), [value]);

  const word = wordAt(text, caret);
  const keys = useMemo(() => {
    const known = new Map(BUILTIN_KEYS.map((k) => [k.key, k]));
    for (const t of tagKeys.data ?? []) if (!known.has(t.key)) known.set(t.key, { key: t.key, hint: 'tag' });
    return [...known.values()];
  }, [tagKeys.data]);

  // Values for tag keys come from the API, debounced and scoped to the chosen projects.
  useEffect(() => {
    if (!open || word.key === undefined || BUILTIN_KEYS.find((k) => k.key === word.key)?.values) return;
    const key = word.key;
    const ctl = new AbortController();
    const t = setTimeout(() => {
      api
        .get<TagValue[]>(`/organizations/${org}/tags/${encodeURIComponent(key)}/values/`, { query: word.partial, project: projectIds }, ctl.signal)
        .then((vals) => setRemote({ key, values: vals.map((v) => v.value) }))
        .catch(() => undefined);
    }, 150);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [open, word.key, word.partial, org, projectIds.join(',')]);

  const options: Option[] = useMemo(() => {
    if (word.key !== undefined) {
      const fixed = keys.find((k) => k.key === word.key)?.values;
      const values = fixed ?? (remote?.key === word.key ? remote.values : []);
      const neg = word.word.startsWith('!') ? '!' : '';
      return values
        .filter((v) => v.toLowerCase().includes((word.partial ?? '').toLowerCase()))
        .slice(0, 12)
        .map((v, i) => ({ id: `${listId}-v${i}`, label: `${word.key}:${v}`, insert: `${neg}${word.key}:${quote(v)}`, isKey: false }));
    }
    const prefix = word.word.replace(/^!/, '').toLowerCase();
    if (!prefix && caret < text.length) return [];
    return keys
      .filter((k) => k.key.toLowerCase().startsWith(prefix))
      .slice(0, 12)
      .map((k, i) => ({ id: `${listId}-k${i}`, label: `${k.key}:`, hint: k.hint, insert: `${word.word.startsWith('!') ? '!' : ''}${k.key}:`, isKey: true }));
  }, [word.key, word.partial, word.word, keys, remote, listId, caret, text.length]);

  const visible = open && options.length > 0;

  const pick = (o: Option) => {
    const before = text.slice(0, word.start);
    const after = text.slice(word.end);
    const insert = o.isKey ? o.insert : `${o.insert}${after.startsWith(' ') ? '' : ' '}`;
    const next = before + insert + after;
    const pos = (before + insert).length;
    setText(next);
    setCaret(pos);
    setActive(-1);
    setOpen(o.isKey);
    requestAnimationFrame(() => inputRef.current?.setSelectionRange(pos, pos));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && options.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % options.length);
    } else if (e.key === 'ArrowUp' && visible) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
    } else if ((e.key === 'Enter' || e.key === 'Tab') && visible && active >= 0) {
      e.preventDefault();
      pick(options[active]!);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setOpen(false);
      onSearch(text.trim());
    } else if (e.key === 'Escape') {
      if (visible) {
        e.preventDefault();
        setOpen(false);
      } else inputRef.current?.blur();
    }
  };

  return (
    <form
      className="searchbar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        Search issues
      </label>
      <svg className="searchbar-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M11 11l3.5 3.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <input
        id={`${listId}-input`}
        ref={(el) => {
          inputRef.current = el;
          if (typeof ref === 'function') ref(el);
          else if (ref) ref.current = el;
        }}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={visible}
        aria-controls={`${listId}-list`}
        aria-activedescendant={visible && active >= 0 ? options[active]?.id : undefined}
        aria-describedby={`${listId}-help`}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search: is:unresolved level:error TypeError"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setOpen(true);
          setActive(-1);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? text.length)}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 120)}
        onKeyDown={onKeyDown}
      />
      <span id={`${listId}-help`} className="visually-hidden">
        Type a key such as is:, level: or release: for suggestions. Press slash to focus this field from anywhere on the page.
      </span>
      <kbd className="searchbar-kbd" aria-hidden="true">
        /
      </kbd>
      <ul id={`${listId}-list`} role="listbox" aria-label="Suggestions" className="suggestions" hidden={!visible}>
        {options.map((o, i) => (
          <li
            key={o.id}
            id={o.id}
            role="option"
            aria-selected={i === active}
            className="suggestion"
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
          >
            <span className="suggestion-label">{o.label}</span>
            {o.hint && <span className="suggestion-hint">{o.hint}</span>}
          </li>
        ))}
      </ul>
    </form>
  );
});
