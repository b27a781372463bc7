import { escapeUri } from './signRequest.ts';
import { sendSigned } from './sendSigned.ts';
import type { ConsoleKey } from './credentialStore.ts';

export interface PackagingGroup {
  id: string;
  arn: string;
  domainName: string;
  approximateAssetCount: number;
  authorization?: { cdnIdentifierSecret: string; secretsRoleArn: string };
  egressAccessLogs?: { logGroupName?: string };
  createdAt: string;
  tags: Record<string, string>;
}

export interface PackagingConfiguration {
  id: string;
  arn: string;
  packagingGroupId: string;
  createdAt: string;
  tags: Record<string, string>;
  hlsPackage?: Record<string, unknown>;
  cmafPackage?: Record<string, unknown>;
  dashPackage?: Record<string, unknown>;
  mssPackage?: Record<string, unknown>;
}

export interface EgressEndpoint {
  packagingConfigurationId: string;
  url: string;
  status: 'QUEUED' | 'PROCESSING' | 'PLAYABLE' | 'FAILED' | string;
  /** Kinora extension: why this endpoint FAILED (its ingest, or its key provider). */
  statusReason?: string;
}

export interface AssetShallow {
  id: string;
  arn: string;
  packagingGroupId: string;
  sourceArn: string;
  sourceRoleArn?: string;
  resourceId?: string;
  createdAt: string;
  tags: Record<string, string>;
  /** Kinora extension: why ingest failed. */
  statusReason?: string;
}

export interface Asset extends AssetShallow {
  egressEndpoints: EgressEndpoint[];
}

/** The package type a configuration carries. */
export type PackageType = 'hlsPackage' | 'cmafPackage' | 'dashPackage' | 'mssPackage';
export const PACKAGE_TYPES: readonly PackageType[] = ['cmafPackage', 'dashPackage', 'hlsPackage', 'mssPackage'];
export const PACKAGE_LABELS: Record<PackageType, string> = { cmafPackage: 'CMAF (HLS, fMP4)', dashPackage: 'DASH', hlsPackage: 'HLS (TS)', mssPackage: 'Microsoft Smooth' };

export function packageTypeOf(c: PackagingConfiguration): PackageType | undefined {
  return PACKAGE_TYPES.find((p) => c[p] !== undefined);
}

/** Largest page the API serves; list helpers follow `nextToken` up to `MAX_PAGES` pages. */
const PAGE = 1000;
const MAX_PAGES = 20;

/**
 * The MediaPackage VOD REST API (2018-11-07) as the console uses it, signed
 * for service `mediapackage-vod` with the user's key, against the server
 * that serves the console (`base`, its origin).
 */
export class MediaPackageVodApi {
  private readonly base: string;
  private readonly key: () => ConsoleKey;

  constructor(base: string, key: () => ConsoleKey) {
    this.base = base.replace(/\/+$/, '');
    this.key = key;
  }

  private call(operation: string, method: string, path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<any> {
    const q = Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${escapeUri(k)}=${escapeUri(v!)}`).join('&');
    const text = body === undefined ? undefined : JSON.stringify(body);
    return sendSigned({
      operation,
      method,
      url: `${this.base}${path}${q ? `?${q}` : ''}`,
      headers: text === undefined ? {} : { 'content-type': 'application/json' },
      body: text,
      service: 'mediapackage-vod',
      key: this.key(),
    });
  }

  private async all<T>(operation: string, path: string, member: string, query: Record<string, string | undefined>): Promise<T[]> {
    const out: T[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.call(operation, 'GET', path, { ...query, maxResults: String(PAGE), nextToken });
      out.push(...(r?.[member] ?? []));
      nextToken = r?.nextToken;
      if (!nextToken) break;
    }
    return out;
  }

  listPackagingGroups(): Promise<PackagingGroup[]> {
    return this.all('Listing packaging groups', '/packaging_groups', 'packagingGroups', {});
  }
  describePackagingGroup(id: string): Promise<PackagingGroup> {
    return this.call(`Reading packaging group ${id}`, 'GET', `/packaging_groups/${escapeUri(id)}`);
  }
  createPackagingGroup(body: Record<string, unknown>): Promise<PackagingGroup> {
    return this.call('Creating the packaging group', 'POST', '/packaging_groups', {}, body);
  }
  deletePackagingGroup(id: string): Promise<void> {
    return this.call(`Deleting packaging group ${id}`, 'DELETE', `/packaging_groups/${escapeUri(id)}`);
  }

  listPackagingConfigurations(packagingGroupId?: string): Promise<PackagingConfiguration[]> {
    return this.all('Listing packaging configurations', '/packaging_configurations', 'packagingConfigurations', { packagingGroupId });
  }
  describePackagingConfiguration(id: string): Promise<PackagingConfiguration> {
    return this.call(`Reading packaging configuration ${id}`, 'GET', `/packaging_configurations/${escapeUri(id)}`);
  }
  createPackagingConfiguration(body: Record<string, unknown>): Promise<PackagingConfiguration> {
    return this.call('Creating the packaging configuration', 'POST', '/packaging_configurations', {}, body);
  }
  deletePackagingConfiguration(id: string): Promise<void> {
    return this.call(`Deleting packaging configuration ${id}`, 'DELETE', `/packaging_configurations/${escapeUri(id)}`);
  }

  listAssets(packagingGroupId?: string): Promise<AssetShallow[]> {
    return this.all('Listing assets', '/assets', 'assets', { packagingGroupId });
  }
  describeAsset(id: string): Promise<Asset> {
    return this.call(`Reading asset ${id}`, 'GET', `/assets/${escapeUri(id)}`);
  }
  createAsset(body: Record<string, unknown>): Promise<Asset> {
    return this.call('Creating the asset', 'POST', '/assets', {}, body);
  }
  deleteAsset(id: string): Promise<void> {
    return this.call(`Deleting asset ${id}`, 'DELETE', `/assets/${escapeUri(id)}`);
  }

  listTagsForResource(arn: string): Promise<{ tags: Record<string, string> }> {
    return this.call('Reading tags', 'GET', `/tags/${escapeUri(arn)}`);
  }
}
