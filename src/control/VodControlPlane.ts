import { KinoraError } from '../errors/KinoraError.ts';
import type { Catalog, CatalogPage, ResourceKind } from '../catalog/Catalog.ts';
import type { AssetRecord, PackagingConfigurationRecord, PackagingGroupRecord } from '../catalog/records.ts';
import { arnOf } from '../catalog/arns.ts';
import { newHash } from '../catalog/newHash.ts';
import { createAsset } from '../catalog/createAsset.ts';
import { egressUrls, groupDomainName } from '../origin/egressUrls.ts';
import type { SecretStore } from '../auth/SecretStore.ts';
import { checkShape } from './validation/checkShape.ts';
import { vodShapes } from './validation/vodShapes.ts';
import { readCreatePackagingConfiguration } from './validation/readCreatePackagingConfiguration.ts';
import { readSourceArn } from './validation/readSourceArn.ts';
import { readPageToken, writePageToken } from './pageToken.ts';
import { toWireAsset, toWireAssetShallow, toWirePackagingConfiguration, toWirePackagingGroup } from './toWire.ts';

/** Resource quotas (MediaPackage's defaults are 10 groups, 10 configurations and 10,000 assets per group [UG:vod-quotas]). */
export interface VodQuotas {
  maxPackagingGroups: number;
  maxConfigurationsPerGroup: number;
  maxAssetsPerGroup: number;
}

export interface VodControlPlaneDeps {
  catalog: Catalog;
  /** Starts ingest of a new asset in the background (`IngestQueue`). */
  ingest: { enqueue(assetId: string): void };
  /** CDN-authorization secrets: a group's `cdnIdentifierSecret` must exist here. */
  secrets: Pick<SecretStore, 'get'>;
  /** Base of egress URLs and `domainName` (may contain `{groupHash}`). */
  publicUrl(): string;
  quotas: VodQuotas;
  /** Told about deletions and group changes, so egress stops serving them at once. */
  egress?: { deleted(hash: string): void; groupChanged(group: PackagingGroupRecord): void };
  /**
   * Checks a web source against the host allow-list (`SourceHosts.checkUrl`),
   * so CreateAsset refuses an unlisted host at once (422) instead of the
   * asset failing at ingest; where the name resolves is checked at ingest.
   */
  checkSourceUrl?: (url: URL) => void;
}

/** List query parameters as the API receives them (strings from the query string, or numbers from the CLI). */
export interface ListQuery {
  maxResults?: string | number;
  nextToken?: string;
  packagingGroupId?: string;
}

/** Default page size when `maxResults` is absent (the model documents none). */
export const DEFAULT_MAX_RESULTS = 50;

const ARN_KINDS: Record<string, ResourceKind> = { 'packaging-groups': 'group', 'packaging-configurations': 'configuration', assets: 'asset' };

/**
 * The MediaPackage VOD control plane (API 2018-11-07) over the catalog: one
 * method per operation, taking the request as received (unknown JSON, path
 * ids, query) and returning the response body in wire shape. Every input is
 * validated here, so the HTTP routes and the CLI share the same rules.
 * Errors are `KinoraError`s; `awsErrorOf` turns them into AWS exceptions.
 */
export class VodControlPlane {
  private readonly deps: VodControlPlaneDeps;

  constructor(deps: VodControlPlaneDeps) {
    this.deps = deps;
  }

  // --- packaging groups -----------------------------------------------------

  async createPackagingGroup(body: unknown) {
    const input = checkShape(body, vodShapes.CreatePackagingGroup, '');
    if (input.authorization) await this.checkSecret(input.authorization.cdnIdentifierSecret);
    const group: PackagingGroupRecord = {
      id: input.id,
      arn: arnOf('packaging-groups', input.id),
      hash: newHash(),
      createdAt: new Date().toISOString(),
      tags: input.tags ?? {},
      ...(input.authorization ? { authorization: input.authorization } : {}),
      ...(input.egressAccessLogs ? { egressAccessLogs: input.egressAccessLogs } : {}),
    };
    await this.deps.catalog.putGroup(group, { maxGroups: this.deps.quotas.maxPackagingGroups });
    return this.wireGroup(group);
  }

  async listPackagingGroups(query: ListQuery) {
    const { items, nextToken } = await this.page(query, (page) => this.deps.catalog.listGroups(page));
    return { packagingGroups: await Promise.all(items.map((g) => this.wireGroup(g))), ...(nextToken ? { nextToken } : {}) };
  }

  async describePackagingGroup(id: string) {
    return this.wireGroup(await this.group(id));
  }

  /** UpdatePackagingGroup can change only `authorization`; an absent one removes CDN authorization. */
  async updatePackagingGroup(id: string, body: unknown) {
    const input = checkShape(body ?? {}, vodShapes.UpdatePackagingGroup, '');
    await this.group(id);
    if (input.authorization) await this.checkSecret(input.authorization.cdnIdentifierSecret);
    const group = await this.deps.catalog.updateGroup(id, { authorization: input.authorization ?? null });
    this.deps.egress?.groupChanged(group);
    return this.wireGroup(group);
  }

  /** ConfigureLogs: `egressAccessLogs` replaces the group's; leaving it out disables logging [model]. */
  async configureLogs(id: string, body: unknown) {
    const input = checkShape(body ?? {}, vodShapes.ConfigureLogs, '');
    await this.group(id);
    const group = await this.deps.catalog.updateGroup(id, { egressAccessLogs: input.egressAccessLogs ?? null });
    this.deps.egress?.groupChanged(group);
    return this.wireGroup(group);
  }

  async deletePackagingGroup(id: string): Promise<void> {
    const group = await this.group(id);
    await this.deps.catalog.deleteGroup(id);
    this.deps.egress?.deleted(group.hash);
  }

  // --- packaging configurations ---------------------------------------------

  async createPackagingConfiguration(body: unknown) {
    const input = readCreatePackagingConfiguration(body);
    const configuration = {
      id: input.id,
      arn: arnOf('packaging-configurations', input.id),
      packagingGroupId: input.packagingGroupId,
      hash: newHash(),
      createdAt: new Date().toISOString(),
      tags: input.tags,
      ...input.settings,
    } as PackagingConfigurationRecord;
    await this.deps.catalog.putConfiguration(configuration, { maxPerGroup: this.deps.quotas.maxConfigurationsPerGroup });
    return toWirePackagingConfiguration(configuration);
  }

  async listPackagingConfigurations(query: ListQuery) {
    const groupId = query.packagingGroupId || undefined;
    const { items, nextToken } = await this.page(query, (page) => this.deps.catalog.listConfigurations(groupId, page));
    return { packagingConfigurations: items.map(toWirePackagingConfiguration), ...(nextToken ? { nextToken } : {}) };
  }

  async describePackagingConfiguration(id: string) {
    return toWirePackagingConfiguration(await this.configuration(id));
  }

  /** Removes that configuration's endpoint from every asset of its group. */
  async deletePackagingConfiguration(id: string): Promise<void> {
    const configuration = await this.configuration(id);
    await this.deps.catalog.deleteConfiguration(id);
    this.deps.egress?.deleted(configuration.hash);
  }

  // --- assets ----------------------------------------------------------------

  /** Registers the asset QUEUED and returns at once; ingest runs in the background. */
  async createAsset(body: unknown) {
    const input = checkShape(body, vodShapes.CreateAsset, '');
    const sourceUri = readSourceArn(input.sourceArn);
    if (/^https?:\/\//i.test(sourceUri) && this.deps.checkSourceUrl) {
      try {
        this.deps.checkSourceUrl(new URL(sourceUri));
      } catch (e) {
        if (e instanceof KinoraError && e.code === 'SOURCE_FORBIDDEN') throw new KinoraError('INVALID_REQUEST', `sourceArn: ${e.message}`, { subject: 'sourceArn' });
        throw e;
      }
    }
    const asset = await createAsset(
      this.deps.catalog,
      { id: input.id, packagingGroupId: input.packagingGroupId, sourceArn: sourceUri, sourceRoleArn: input.sourceRoleArn, resourceId: input.resourceId, tags: input.tags },
      { maxPerGroup: this.deps.quotas.maxAssetsPerGroup },
    );
    this.deps.ingest.enqueue(asset.id);
    return this.wireAsset(asset);
  }

  async listAssets(query: ListQuery) {
    const groupId = query.packagingGroupId || undefined;
    const { items, nextToken } = await this.page(query, (page) => this.deps.catalog.listAssets(groupId, page));
    return { assets: items.map(toWireAssetShallow), ...(nextToken ? { nextToken } : {}) };
  }

  async describeAsset(id: string) {
    return this.wireAsset(await this.asset(id));
  }

  async deleteAsset(id: string): Promise<void> {
    const asset = await this.asset(id);
    await this.deps.catalog.deleteAsset(id);
    this.deps.egress?.deleted(asset.hash);
  }

  // --- tags ------------------------------------------------------------------

  async listTagsForResource(arn: string) {
    return { tags: (await this.resourceOf(arn)).tags };
  }

  async tagResource(arn: string, body: unknown): Promise<void> {
    const input = checkShape(body, vodShapes.TagResource, '');
    const { kind, id, tags } = await this.resourceOf(arn);
    const count = Object.keys({ ...tags, ...input.tags }).length;
    if (count > 50) throw new KinoraError('INVALID_REQUEST', `tags: a resource has at most 50 tags; ${arn} would have ${count}`, { subject: 'tags' });
    await this.deps.catalog.updateTags(kind, id, { set: input.tags });
  }

  async untagResource(arn: string, tagKeys: string | string[] | undefined): Promise<void> {
    const keys = tagKeys === undefined ? [] : Array.isArray(tagKeys) ? tagKeys : [tagKeys];
    if (keys.length === 0) throw new KinoraError('INVALID_REQUEST', 'tagKeys is required (the query parameter naming each tag key to remove)', { subject: 'tagKeys' });
    const { kind, id } = await this.resourceOf(arn);
    await this.deps.catalog.updateTags(kind, id, { remove: keys });
  }

  // --- helpers ---------------------------------------------------------------

  private async group(id: string): Promise<PackagingGroupRecord> {
    const group = await this.deps.catalog.getGroup(id);
    if (!group) throw new KinoraError('GROUP_NOT_FOUND', `packaging group ${id} does not exist`, { subject: id });
    return group;
  }

  private async configuration(id: string): Promise<PackagingConfigurationRecord> {
    const configuration = await this.deps.catalog.getConfiguration(id);
    if (!configuration) throw new KinoraError('CONFIGURATION_NOT_FOUND', `packaging configuration ${id} does not exist`, { subject: id });
    return configuration;
  }

  private async asset(id: string): Promise<AssetRecord> {
    const asset = await this.deps.catalog.getAsset(id);
    if (!asset) throw new KinoraError('ASSET_NOT_FOUND', `asset ${id} does not exist`, { subject: id });
    return asset;
  }

  private async wireGroup(group: PackagingGroupRecord) {
    return toWirePackagingGroup(group, {
      domainName: groupDomainName(this.deps.publicUrl(), group),
      approximateAssetCount: await this.deps.catalog.countAssets(group.id),
    });
  }

  private async wireAsset(asset: AssetRecord) {
    const group = await this.deps.catalog.getGroup(asset.packagingGroupId);
    const endpoints = group ? egressUrls(this.deps.publicUrl(), group, await this.deps.catalog.listConfigurations(group.id), asset) : [];
    return toWireAsset(asset, endpoints);
  }

  private async checkSecret(arn: string): Promise<void> {
    if ((await this.deps.secrets.get(arn)) === undefined) {
      throw new KinoraError('INVALID_REQUEST', `authorization.cdnIdentifierSecret: secret ${arn} does not exist; store its value first with \`kinora secret put ${arn} <value>\``, { subject: 'authorization.cdnIdentifierSecret' });
    }
  }

  /** `arn:aws:mediapackage-vod:<region>:<account>:<kind>/<id>` of an existing resource (exactly its ARN). */
  private async resourceOf(arn: string): Promise<{ kind: ResourceKind; id: string; tags: Record<string, string> }> {
    const m = /^arn:[a-z-]+:mediapackage-vod:[^:]*:[^:]*:(packaging-groups|packaging-configurations|assets)\/([A-Za-z0-9_-]{1,1024})$/.exec(arn);
    const notFound = () => new KinoraError('RESOURCE_NOT_FOUND', `no MediaPackage VOD resource has the ARN ${arn}`, { subject: arn });
    if (!m) throw notFound();
    const kind = ARN_KINDS[m[1]];
    const record = kind === 'group' ? await this.deps.catalog.getGroup(m[2]) : kind === 'configuration' ? await this.deps.catalog.getConfiguration(m[2]) : await this.deps.catalog.getAsset(m[2]);
    if (!record || record.arn !== arn) throw notFound();
    return { kind, id: m[2], tags: record.tags ?? {} };
  }

  private async page<T extends { id: string }>(query: ListQuery, fetch: (page: CatalogPage) => Promise<T[]>): Promise<{ items: T[]; nextToken?: string }> {
    const raw = query.maxResults;
    const maxResults = raw === undefined || raw === '' ? DEFAULT_MAX_RESULTS : Number(raw);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
      throw new KinoraError('INVALID_REQUEST', `maxResults must be an integer from 1 to 1000; found "${raw}"`, { subject: 'maxResults' });
    }
    const rows = await fetch({ afterId: readPageToken(query.nextToken), limit: maxResults + 1 });
    const items = rows.slice(0, maxResults);
    return { items, nextToken: rows.length > maxResults ? writePageToken(items[items.length - 1].id) : undefined };
  }
}
