// A failed run reaches the studio as data: the database's own words for the failing statement
// are a field of the event (`reason`), so no door reads them back out of the sentence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEventMessage, type RunEventMessage } from '../../../shared/api/run.ts';
import { writeProject } from '../../../test/support/projects.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService } from './service.ts';

const root = mkdtempSync(join(tmpdir(), 'strata-run-failure-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a failed statement', () => {
  it("is reported with the database's reason as a field, the sentence unchanged", async () => {
    const project = writeProject(
      'sqlite',
      [
        { id: 'aaaaaaaaaaa1', up: 'CREATE TABLE a (id INTEGER);\n', down: 'DROP TABLE a;\n' },
        {
          id: 'aaaaaaaaaaa2',
          parents: ['aaaaaaaaaaa1'],
          up: 'CREATE TABLE b (id INTEGER);\nINSERT INTO nope VALUES (1);\n',
          down: 'DROP TABLE b;\n',
        },
      ],
      join(root, 'project'),
    );
    const events: RunEventMessage[] = [];
    const service = createService({
      projectDir: project,
      configDir: join(root, 'config'),
      secrets: new MemorySecretStore(),
      emit: (event, payload) => event === 'run.event' && events.push(runEventMessage.parse(payload)),
    });
    try {
      const { id } = await service.handlers['connections.save']({
        name: 'dev',
        settings: { kind: 'sqlite', path: join(root, 'dev.sqlite') },
        protected: false,
      });
      await service.handlers['run.start']({
        connectionId: id,
        direction: 'upgrade',
        target: 'heads',
        singleTransaction: false,
      });
      await expect.poll(() => events.find((e) => e.event.type === 'failed'), { timeout: 30_000 }).toBeDefined();
      const failed = events.find((e) => e.event.type === 'failed')?.event;
      expect(failed).toMatchObject({
        type: 'failed',
        reason: 'no such table: nope',
        revision: 'aaaaaaaaaaa2',
        line: expect.any(Number),
        statement: 'INSERT INTO nope VALUES (1)',
        rolledBack: true,
      });
      expect(failed?.type === 'failed' && failed.message).toMatch(
        new RegExp(
          '^upgrade aaaaaaaaaaa2 failed at .*\\n {2}INSERT INTO nope VALUES \\(1\\)\\n {2}no such table: ' +
            'nope\\nrolled back: the database is still at aaaaaaaaaaa1$',
        ),
      );
    } finally {
      await service.dispose();
    }
  });
});
