/**
 * A rule's ARN as EventBridge forms it: `arn:aws:events:<region>:<account>:rule/<name>`
 * on the default bus, `.../rule/<bus>/<name>` on any other.
 */
export function ruleArn(region: string, accountId: string, eventBusName: string, name: string): string {
  const path = eventBusName === 'default' ? name : `${eventBusName}/${name}`;
  return `arn:aws:events:${region}:${accountId}:rule/${path}`;
}
