import fs from 'node:fs';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import type { EtomConfig } from '../config';
import { type Log, onPath, runLogged, withCacheLock } from './cli-binary';

/**
 * Temporal's time-skipping test server is the Java SDK's; the SDK would download a native build
 * of it from temporal.download, which these machines cannot reach, so we take the jar from
 * Maven Central instead and run it on the local JVM.
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';
export const TEST_SERVER_ARTIFACT = `io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION}`;
const MAIN_CLASS = 'io.temporal.testserver.TestServer';
const WRAPPER = 'temporal-test-server';

const quiet: Log = () => undefined;

export function testServerDir(cfg: Pick<EtomConfig, 'cacheDir'>): string {
  return path.join(cfg.cacheDir, 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION);
}

/** Why the time-skipping server cannot be provided here, or undefined when it can. */
export function timeSkippingUnavailable(
  cfg: Pick<EtomConfig, 'cacheDir'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (process.platform === 'win32') return 'the test-server wrapper is a POSIX shell script';
  if (!javaCommand(env)) return 'no java on PATH (nor in JAVA_HOME): the test server needs a Java 8+ runtime';
  if (fs.existsSync(path.join(testServerDir(cfg), WRAPPER))) return undefined;
  if (!onPath('mvn', env))
    return `no mvn on PATH: it is needed once to fetch ${TEST_SERVER_ARTIFACT} from Maven Central`;
  return undefined;
}

/**
 * The executable for `TestWorkflowEnvironment.createTimeSkipping({ server: { executable } })`:
 * a wrapper script in the cache that runs the test server jar, fetched with Maven the first
 * time. Undefined (with the reason logged) when Java or Maven is missing.
 */
export async function resolveTimeSkippingServer(
  cfg: Pick<EtomConfig, 'cacheDir'>,
  log: Log = quiet,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EphemeralServerExecutable | undefined> {
  const reason = timeSkippingUnavailable(cfg, env);
  if (reason) {
    log(`time-skipping test server unavailable: ${reason}`);
    return undefined;
  }
  const dir = testServerDir(cfg);
  const wrapper = path.join(dir, WRAPPER);
  await withCacheLock(
    `${dir}.lock`,
    () => fs.existsSync(wrapper),
    () => fetchTestServer(dir, log, env),
    log,
  );
  return { type: 'existing-path', path: wrapper };
}

/**
 * Resolves the jar and its runtime dependencies into a private directory, writes the wrapper
 * last, then renames the directory into place: the wrapper's presence means a complete install.
 */
async function fetchTestServer(dir: string, log: Log, env: NodeJS.ProcessEnv): Promise<void> {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(dir), '.fetch-'));
  log(`fetching ${TEST_SERVER_ARTIFACT} from Maven Central with mvn (first run only)…`);
  const started = Date.now();
  try {
    fs.writeFileSync(path.join(work, 'pom.xml'), pom());
    await runLogged(
      'mvn',
      [
        '-B',
        '-q',
        '-Dstyle.color=never',
        'dependency:copy-dependencies',
        '-DoutputDirectory=lib',
        '-DincludeScope=runtime',
      ],
      {
        cwd: work,
        env,
        log,
        ticker: `fetching ${TEST_SERVER_ARTIFACT}`,
      },
    ).catch((err: Error) => {
      throw new Error(`could not fetch ${TEST_SERVER_ARTIFACT} with mvn: ${err.message}`);
    });
    fs.writeFileSync(path.join(work, WRAPPER), wrapperScript(), { mode: 0o755 });
    // mkdtemp makes the directory private; the installed copy is as readable as any cache entry.
    fs.chmodSync(work, 0o755);
    try {
      fs.renameSync(work, dir);
    } catch (err) {
      // Another builder got there first (a lock on a shared disk can be bypassed): theirs is complete.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
    log(
      `time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} ready in ${Math.round((Date.now() - started) / 1000)}s: ${dir}`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function javaCommand(env: NodeJS.ProcessEnv): string | undefined {
  const home = env['JAVA_HOME'];
  const fromHome = home ? path.join(home, 'bin', 'java') : undefined;
  if (fromHome && fs.existsSync(fromHome)) return fromHome;
  return onPath('java', env);
}

// slf4j-nop only silences SLF4J's "no binding" warning on every start; the server logs nothing we read.
function pom(): string {
  const [groupId, artifactId, version] = TEST_SERVER_ARTIFACT.split(':');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.etom-temporal</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>${groupId}</groupId>
      <artifactId>${artifactId}</artifactId>
      <version>${version}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;
}

/**
 * The SDK runs `<executable> <port> [extraArgs…]` and kills that very process on teardown, so
 * the script must `exec` java: a shell left in between would be killed and orphan the JVM.
 * Time skipping starts locked; the SDK's client unlocks it while it awaits a result.
 * The JIT flags trade peak speed for a faster start, which is what a test server needs.
 */
function wrapperScript(): string {
  return `#!/bin/sh
# ${TEST_SERVER_ARTIFACT}, for Temporal's TypeScript SDK as an 'existing-path' test server.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
java=java
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$here/lib/*" ${MAIN_CLASS} "$@"
`;
}
