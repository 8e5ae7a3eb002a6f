// The shape of an agent convention: data, not code. The built-in table is in conventions-table.ts; users add
// their own in the config file (user-conventions.ts turns them into the same shape, its patterns compiled by RE2).
import type { TextPattern } from '../util/user-regex.js';

/** How a model name is taken from a regex match: the named group `model`, optionally prefixed and slugged. */
export interface ModelRule {
  /** Prepended to the captured text (`claude-` + `Sonnet 4.5`). */
  readonly prefix?: string;
  /** Lower-case and join words with `-` (`Claude Sonnet 4.5` → `claude-sonnet-4.5`). */
  readonly slug?: boolean;
}

export type Matcher =
  | {
      readonly kind: 'trailer';
      /** Trailer key, matched against the whole key (case-insensitive by convention of the table). */
      readonly key: TextPattern;
      /** Trailer value; a named group `model` captures the model. Absent: any value. */
      readonly value?: TextPattern;
      /**
       * `agent-model`: a policy trailer whose value names the agent and model itself (`Claude:claude-3-opus`,
       * `ChatGPT-4 (gpt-4-0314) [GitHub Copilot]`, `Claude Code`); the agent id comes from the alias table.
       */
      readonly parse?: 'agent-model';
      readonly model?: ModelRule;
      readonly confidence?: number;
    }
  | {
      readonly kind: 'author';
      /** Which identity: the commit's author, its committer, or either. */
      readonly who: 'author' | 'committer' | 'either';
      readonly name?: TextPattern;
      readonly email?: TextPattern;
      /** Matched against `Name <email>` (user conventions: like `git log --author`). */
      readonly ident?: TextPattern;
      readonly model?: ModelRule;
      readonly confidence?: number;
      /**
       * The identity shows the agent made the commit, not that it wrote the change (aider's committer mark on a
       * commit of the user's own pending edits): the commit is recorded, its lines stay human.
       */
      readonly commitOnly?: boolean;
    }
  | {
      readonly kind: 'message';
      /** `subject`: first line only; `body`: the rest; `message`: all of it. */
      readonly where: 'subject' | 'body' | 'message';
      readonly pattern: TextPattern;
      readonly model?: ModelRule;
      readonly confidence?: number;
    };

export interface Convention {
  /** Agent id used in spans and reports (`claude-code`, `aider`, …). */
  readonly agent: string;
  /** Display name (`Claude Code`). */
  readonly name: string;
  /** Confidence of a hit (0..1) unless the matcher gives its own. */
  readonly confidence: number;
  readonly match: ReadonlyArray<Matcher>;
  /** Where the convention is documented or observed (kept with the data so it can be re-checked). */
  readonly evidence?: string;
  /** Fixed model name for conventions whose evidence never names one but the user knows it. */
  readonly model?: string;
}

/** A name the policy trailers use for an agent, mapped to an agent id. */
export interface AgentAlias {
  readonly pattern: TextPattern;
  readonly agent: string;
  readonly name: string;
}
