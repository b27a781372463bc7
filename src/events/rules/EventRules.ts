import type { EventStore } from '../store/EventStore.ts';
import type { RuleRecord, RuleState, TargetRecord } from '../store/records.ts';
import type { BuiltInFunction } from '../bus/BuiltInFunction.ts';
import type { NamedWebhook } from '../bus/NamedWebhook.ts';
import { EventBridgeError } from '../EventBridgeError.ts';
import { MemberReader } from '../MemberReader.ts';
import { EventPatternError } from '../pattern/EventPatternError.ts';
import { validateEventPattern } from '../pattern/validateEventPattern.ts';
import { parseTargetArn, TARGET_ARN_FORMS } from '../bus/parseTargetArn.ts';
import { readJsonPath } from '../bus/readJsonPath.ts';
import { ruleArn } from './ruleArn.ts';
import { resolveEventBusName } from './resolveEventBusName.ts';

/** EventBridge quota: targets per rule. */
export const MAX_TARGETS_PER_RULE = 5;

/** API model constraints (EventBridge API Reference, data types `Rule` and `Target`). */
const RULE_NAME = { min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' };
const TARGET_ID = { min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' };
const EVENT_BUS_NAME = { min: 1, max: 1600, pattern: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\/\\.\\-_A-Za-z0-9]+' };
const RULE_STATES: readonly RuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];
const PAGE_LIMIT = { min: 1, max: 100 };
const DEFAULT_PAGE = 100;

export interface EventRulesOptions {
  store: EventStore;
  region: string;
  accountId: string;
  /** Built-in functions function targets may name. */
  functions: Map<string, BuiltInFunction>;
  /** Webhooks `arn:kinora:webhook:::<name>` targets may name. */
  webhooks: Record<string, NamedWebhook>;
}

/**
 * The rule and target actions of the EventBridge API (version 2015-10-07):
 * PutRule, DescribeRule, ListRules, DeleteRule, PutTargets, RemoveTargets,
 * ListTargetsByRule. Inputs and outputs are the API's JSON members; every
 * refusal is an {@link EventBridgeError} worded as EventBridge words it.
 */
export class EventRules {
  private readonly options: EventRulesOptions;

  constructor(options: EventRulesOptions) {
    this.options = options;
  }

  /** PutRule: creates or replaces a rule (omitted members are not kept, as in EventBridge); its targets stay. */
  async putRule(input: unknown): Promise<{ RuleArn: string }> {
    const r = new MemberReader(input);
    const name = r.string('Name', { required: true, ...RULE_NAME });
    const eventPattern = r.string('EventPattern', { max: 4096 });
    const scheduleExpression = r.string('ScheduleExpression', { max: 256 });
    const state = r.string('State', { enum: RULE_STATES }) as RuleState | undefined;
    const description = r.string('Description', { max: 512 });
    const roleArn = r.string('RoleArn', { min: 1, max: 1600 });
    const busName = r.string('EventBusName', EVENT_BUS_NAME);
    r.done();
    const bus = resolveEventBusName(busName);
    if (eventPattern === undefined && scheduleExpression === undefined) {
      throw new EventBridgeError('ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (scheduleExpression !== undefined) {
      throw new EventBridgeError('ValidationException', 'Parameter ScheduleExpression is not valid. Reason: Kinora runs event-pattern rules only; scheduled rules are not supported.');
    }
    try {
      validateEventPattern(eventPattern!);
    } catch (e) {
      if (e instanceof EventPatternError) throw new EventBridgeError('InvalidEventPatternException', e.message);
      throw e;
    }
    const { region, accountId } = this.options;
    const rule: RuleRecord = {
      Name: name!,
      Arn: ruleArn(region, accountId, bus, name!),
      EventBusName: bus,
      EventPattern: eventPattern,
      State: state ?? 'ENABLED',
      CreatedBy: accountId,
    };
    if (description !== undefined) rule.Description = description;
    if (roleArn !== undefined) rule.RoleArn = roleArn;
    await this.options.store.putRule(rule);
    return { RuleArn: rule.Arn };
  }

  /** DescribeRule. */
  async describeRule(input: unknown): Promise<RuleRecord> {
    const r = new MemberReader(input);
    const name = r.string('Name', { required: true, ...RULE_NAME });
    const busName = r.string('EventBusName', EVENT_BUS_NAME);
    r.done();
    return this.requireRule(resolveEventBusName(busName), name!);
  }

  /** ListRules: sorted by name, `NamePrefix`, pages of `Limit` (at most 100). */
  async listRules(input: unknown): Promise<{ Rules: Omit<RuleRecord, 'CreatedBy'>[]; NextToken?: string }> {
    const r = new MemberReader(input);
    const prefix = r.string('NamePrefix', RULE_NAME);
    const busName = r.string('EventBusName', EVENT_BUS_NAME);
    const token = r.string('NextToken', { min: 1, max: 2048 });
    const limit = r.integer('Limit', PAGE_LIMIT) ?? DEFAULT_PAGE;
    r.done();
    const bus = resolveEventBusName(busName);
    const page = await this.options.store.listRules({ eventBusName: bus, namePrefix: prefix, afterName: readNextToken(token), limit: limit + 1 });
    const rules = page.slice(0, limit).map(({ CreatedBy: _createdBy, ...rule }) => rule);
    return page.length > limit ? { Rules: rules, NextToken: writeNextToken(rules[rules.length - 1].Name) } : { Rules: rules };
  }

  /** DeleteRule: refused while the rule has targets; deleting a rule that does not exist succeeds. */
  async deleteRule(input: unknown): Promise<Record<string, never>> {
    const r = new MemberReader(input);
    const name = r.string('Name', { required: true, ...RULE_NAME });
    const busName = r.string('EventBusName', EVENT_BUS_NAME);
    r.boolean('Force');
    r.done();
    const outcome = await this.options.store.deleteRule(resolveEventBusName(busName), name!);
    if (outcome === 'HAS_TARGETS') throw new EventBridgeError('ValidationException', "Rule can't be deleted since it has targets.");
    return {};
  }

  /** PutTargets: creates or replaces targets by `Id`; at most 5 per rule. */
  async putTargets(input: unknown): Promise<{ FailedEntryCount: number; FailedEntries: never[] }> {
    const r = new MemberReader(input);
    const ruleName = r.string('Rule', { required: true, ...RULE_NAME });
    const busName = r.string('EventBusName', EVENT_BUS_NAME);
    const targets = r.structures('Targets', { required: true, min: 1, max: 100 }).map(readTarget);
    r.done();
    const bus = resolveEventBusName(busName);
    for (const target of targets) this.checkTarget(target);
    const outcome = await this.options.store.putTargets(bus, ruleName!, targets, MAX_TARGETS_PER_RULE);
    if (outcome === 'RULE_NOT_FOUND') throw ruleNotFound(ruleName!, bus);
    if (outcome === 'LIMIT_EXCEEDED') throw new EventBridgeError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  /** RemoveTargets: ids that do not exist are ignored. */
  async removeTargets(input: unknown): Promise<{ FailedEntryCount: number; FailedEntries: never[] }> {
    const r = new MemberReader(input);
    const ruleName = r.string('Rule', { required: true, ...RULE_NAME });
    const busName = r.string('EventBusName', EVENT_BUS_NAME);
    const ids = r.strings('Ids', { required: true, min: 1, max: 100, item: TARGET_ID });
    r.boolean('Force');
    r.done();
    const bus = resolveEventBusName(busName);
    await this.requireRule(bus, ruleName!);
    await this.options.store.removeTargets(bus, ruleName!, ids!);
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  /** ListTargetsByRule: sorted by id, pages of `Limit` (at most 100). */
  async listTargetsByRule(input: unknown): Promise<{ Targets: TargetRecord[]; NextToken?: string }> {
    const r = new MemberReader(input);
    const ruleName = r.string('Rule', { required: true, ...RULE_NAME });
    const busName = r.string('EventBusName', EVENT_BUS_NAME);
    const token = r.string('NextToken', { min: 1, max: 2048 });
    const limit = r.integer('Limit', PAGE_LIMIT) ?? DEFAULT_PAGE;
    r.done();
    const bus = resolveEventBusName(busName);
    await this.requireRule(bus, ruleName!);
    const after = readNextToken(token);
    const all = (await this.options.store.listTargets(bus, ruleName!)).filter((t) => after === undefined || t.Id > after);
    const targets = all.slice(0, limit);
    return all.length > limit ? { Targets: targets, NextToken: writeNextToken(targets[targets.length - 1].Id) } : { Targets: targets };
  }

  private async requireRule(bus: string, name: string): Promise<RuleRecord> {
    const rule = await this.options.store.getRule(bus, name);
    if (!rule) throw ruleNotFound(name, bus);
    return rule;
  }

  /** What EventBridge checks beyond the model, plus Kinora's target forms (docs/events.md). */
  private checkTarget(target: TargetRecord): void {
    const invalid = (parameter: string, reason: string) => new EventBridgeError('ValidationException', `Parameter ${parameter} is not valid. Reason: ${reason}`);
    const inputs = [target.Input, target.InputPath, target.InputTransformer].filter((v) => v !== undefined).length;
    if (inputs > 1) throw new EventBridgeError('ValidationException', 'Only one of Input, InputPath, or InputTransformer must be provided.');
    const endpoint = parseTargetArn(target.Arn);
    if (!endpoint) throw invalid(target.Arn, `Kinora delivers to ${TARGET_ARN_FORMS}.`);
    if (endpoint.kind === 'function' && !this.options.functions.has(endpoint.name)) {
      const known = [...this.options.functions.keys()].join(', ') || 'none';
      throw invalid(target.Arn, `Kinora has no built-in function "${endpoint.name}" (registered: ${known}).`);
    }
    if (endpoint.kind === 'named-webhook' && !Object.hasOwn(this.options.webhooks, endpoint.name)) {
      throw invalid(target.Arn, `no webhook is configured under the name "${endpoint.name}".`);
    }
    if (target.Input !== undefined) {
      try {
        JSON.parse(target.Input);
      } catch {
        throw invalid('Input', 'Input is not valid JSON text.');
      }
    }
    const paths = [
      ...(target.InputPath !== undefined ? [['InputPath', target.InputPath]] : []),
      ...Object.entries(target.InputTransformer?.InputPathsMap ?? {}).map(([k, v]) => [`InputPathsMap.${k}`, v]),
    ];
    for (const [parameter, path] of paths) {
      try {
        readJsonPath({}, path);
      } catch (e) {
        throw invalid(parameter, (e as Error).message);
      }
    }
    const http = target.HttpParameters;
    if (http && endpoint.kind === 'function') throw invalid('HttpParameters', 'HttpParameters apply to webhook targets only.');
  }
}

function readTarget(r: MemberReader): TargetRecord {
  const target: TargetRecord = {
    Id: r.string('Id', { required: true, ...TARGET_ID })!,
    Arn: r.string('Arn', { required: true, min: 1, max: 1600 })!,
  };
  const roleArn = r.string('RoleArn', { min: 1, max: 1600 });
  const text = r.string('Input', { max: 8192 });
  const path = r.string('InputPath', { max: 256 });
  const transformer = r.structure('InputTransformer');
  const http = r.structure('HttpParameters');
  const retry = r.structure('RetryPolicy');
  const deadLetter = r.structure('DeadLetterConfig');
  if (roleArn !== undefined) target.RoleArn = roleArn;
  if (text !== undefined) target.Input = text;
  if (path !== undefined) target.InputPath = path;
  if (transformer) {
    const map = transformer.stringMap('InputPathsMap', { max: 100, key: { min: 1, max: 256, pattern: '[A-Za-z0-9\\_\\-]+' }, value: { max: 256 } });
    target.InputTransformer = { InputTemplate: transformer.string('InputTemplate', { required: true, min: 1, max: 8192 }) ?? '' };
    if (map !== undefined) target.InputTransformer.InputPathsMap = map;
  }
  if (http) {
    const pathValues = http.strings('PathParameterValues', { item: { pattern: '(?!\\s*$).+' } });
    const headers = http.stringMap('HeaderParameters', { value: { max: 512 } });
    const query = http.stringMap('QueryStringParameters', { value: { max: 512 } });
    target.HttpParameters = {};
    if (pathValues !== undefined) target.HttpParameters.PathParameterValues = pathValues;
    if (headers !== undefined) target.HttpParameters.HeaderParameters = headers;
    if (query !== undefined) target.HttpParameters.QueryStringParameters = query;
  }
  if (retry) {
    const attempts = retry.integer('MaximumRetryAttempts', { min: 0, max: 185 });
    const age = retry.integer('MaximumEventAgeInSeconds', { min: 60, max: 86400 });
    target.RetryPolicy = {};
    if (attempts !== undefined) target.RetryPolicy.MaximumRetryAttempts = attempts;
    if (age !== undefined) target.RetryPolicy.MaximumEventAgeInSeconds = age;
  }
  if (deadLetter) {
    const arn = deadLetter.string('Arn', { min: 1, max: 1600 });
    target.DeadLetterConfig = arn !== undefined ? { Arn: arn } : {};
  }
  return target;
}

function ruleNotFound(name: string, bus: string): EventBridgeError {
  return new EventBridgeError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
}

/** Page tokens are opaque to clients: the last key of the previous page. */
function writeNextToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey })).toString('base64url');
}

function readNextToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown }).after;
    if (typeof after === 'string') return after;
  } catch {
    // fall through
  }
  throw new EventBridgeError('ValidationException', 'The NextToken provided is not valid.');
}
