import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in how the command was called: reported in one line, exit code 2. */
export class UsageError extends Error {}

/** Parses a command's options strictly; an unknown or malformed option is a usage error. */
export function parse<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? String(err));
  }
}
