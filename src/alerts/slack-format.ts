/** An alert event as a Slack (or Mattermost, Rocket.Chat) incoming-webhook message. */
import type { AlertEvent } from './alert-event.js';

const ICON: Readonly<Record<AlertEvent['kind'], string>> = {
  campaign_confirmed: ':rotating_light:',
  model_pivot: ':arrows_counterclockwise:',
  low_and_slow: ':turtle:',
  decision: ':hammer:',
};

export function slackMessage(event: AlertEvent): { text: string } {
  const lines = [`${ICON[event.kind]} *Hydrawatch ${event.kind.replace(/_/g, ' ')}*: ${event.summary}`];
  const evidence = event.detail.evidence;
  if (Array.isArray(evidence)) for (const line of evidence.slice(0, 5)) lines.push(`• ${String(line)}`);
  if (event.accounts && event.accounts.length > 0)
    lines.push(`Accounts: ${event.accounts.slice(0, 10).join(', ')}${event.accounts.length > 10 ? ` and ${event.accounts.length - 10} more` : ''}`);
  return { text: lines.join('\n') };
}
