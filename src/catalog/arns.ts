/** Region and account Kinora puts in ARNs; MediaPackage clients only parse their shape. */
export const ARN_REGION = process.env.KINORA_REGION ?? 'us-east-1';
export const ARN_ACCOUNT = process.env.KINORA_ACCOUNT_ID ?? '000000000000';

export function arnOf(kind: 'packaging-groups' | 'packaging-configurations' | 'assets', id: string): string {
  return `arn:aws:mediapackage-vod:${ARN_REGION}:${ARN_ACCOUNT}:${kind}/${id}`;
}
