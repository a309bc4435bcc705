/** @module One action of an alert rule: email (members or addresses), Slack webhook, PagerDuty key, signed webhook. */
import type { AlertAction } from '../../lib/alert-types.ts';
import { ACTION_NAMES } from '../../lib/alert-rule-text.ts';
import { CopyButton } from '../../components/copy-button.tsx';

export function newAction(id: AlertAction['id']): AlertAction {
  switch (id) {
    case 'email':
      return { id, targetType: 'members', addresses: [] };
    case 'slack':
      return { id, webhookUrl: '' };
    case 'pagerduty':
      return { id, routingKey: '', severity: 'auto', apiUrl: null };
    case 'webhook':
      return { id, url: '' };
  }
}

export function ActionEditor(props: {
  action: AlertAction;
  index: number;
  onChange: (a: AlertAction) => void;
  onRemove: () => void;
  emailConfigured: boolean;
  secret: string | null;
}) {
  const { action: a, index, onChange } = props;
  const id = (name: string) => `action-${index}-${name}`;
  return (
    <fieldset className="alert-action">
      <legend>{ACTION_NAMES[a.id]}</legend>
      {a.id === 'email' && (
        <>
          <div className="checks" role="radiogroup" aria-label="Recipients">
            <label className="check">
              <input type="radio" name={id('target')} checked={a.targetType === 'members'} onChange={() => onChange({ ...a, targetType: 'members' })} />
              The project’s members
            </label>
            <label className="check">
              <input type="radio" name={id('target')} checked={a.targetType === 'addresses'} onChange={() => onChange({ ...a, targetType: 'addresses' })} />
              These addresses
            </label>
          </div>
          {a.targetType === 'addresses' && (
            <label className="field" htmlFor={id('addresses')}>
              <span>Addresses (comma-separated)</span>
              <input
                id={id('addresses')}
                value={a.addresses.join(', ')}
                onChange={(e) => onChange({ ...a, addresses: e.target.value.split(/[\s,;]+/).filter(Boolean) })}
                placeholder="oncall@example.com, dev@example.com"
              />
            </label>
          )}
          {!props.emailConfigured && <p className="notice">Email is not configured on this server (FAULTLINE_SMTP_URL), so this action will fail.</p>}
        </>
      )}
      {a.id === 'slack' && (
        <label className="field" htmlFor={id('url')}>
          <span>Incoming webhook URL</span>
          <input id={id('url')} type="text" value={a.webhookUrl} onChange={(e) => onChange({ ...a, webhookUrl: e.target.value })} placeholder="https://hooks.slack.com/services/…" />
        </label>
      )}
      {a.id === 'pagerduty' && (
        <div className="form-row">
          <label className="field" htmlFor={id('key')}>
            <span>Integration (routing) key</span>
            <input id={id('key')} value={a.routingKey} onChange={(e) => onChange({ ...a, routingKey: e.target.value.trim() })} placeholder="Events API v2 key" />
          </label>
          <label className="field" htmlFor={id('severity')}>
            <span>Severity</span>
            <select id={id('severity')} value={a.severity} onChange={(e) => onChange({ ...a, severity: e.target.value as typeof a.severity })}>
              <option value="auto">From the event level</option>
              <option value="critical">Critical</option>
              <option value="error">Error</option>
              <option value="warning">Warning</option>
              <option value="info">Info</option>
            </select>
          </label>
          <label className="field" htmlFor={id('api')}>
            <span>
              Events API URL <small>(EU accounts: https://events.eu.pagerduty.com/v2/enqueue)</small>
            </span>
            <input id={id('api')} value={a.apiUrl ?? ''} onChange={(e) => onChange({ ...a, apiUrl: e.target.value.trim() || null })} placeholder="https://events.pagerduty.com/v2/enqueue" />
          </label>
        </div>
      )}
      {a.id === 'webhook' && (
        <>
          <label className="field" htmlFor={id('url')}>
            <span>URL</span>
            <input id={id('url')} type="text" value={a.url} onChange={(e) => onChange({ ...a, url: e.target.value })} placeholder="https://example.com/faultline-hook" />
          </label>
          <p className="muted action-note">
            JSON like Sentry’s issue-alert webhook. The body is signed: <code>Sentry-Hook-Signature</code> is the hex HMAC-SHA256 of the body with the
            rule’s secret{props.secret ? '' : ' (shown once the rule is saved)'}.
          </p>
          {props.secret && (
            <div className="dsn-row">
              <code className="dsn">{props.secret}</code>
              <CopyButton text={props.secret} label="Copy secret" />
            </div>
          )}
        </>
      )}
      <div>
        <button type="button" className="btn btn-small btn-danger-outline" onClick={props.onRemove}>
          Remove {ACTION_NAMES[a.id]}
        </button>
      </div>
    </fieldset>
  );
}
