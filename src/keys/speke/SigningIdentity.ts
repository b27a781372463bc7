/**
 * Who signs requests to a SPEKE server, with AWS Signature Version 4: an
 * access key (with the session token of temporary credentials), and the
 * scope's region and service (`execute-api` for an API Gateway key server,
 * as MediaPackage signs; `speke` for Kinora's own SPEKE server).
 */
export interface SigningIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}
