import fs from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString, parseYaml, stringifyYaml, type NormalizedProblem } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../server/core/config.js';

const file = path.join(projectRoot, 'docs/openapi.yaml');
const source = fs.readFileSync(file, 'utf8');

/** Redocly's recommended rules, every problem counted: a warning of those rules fails as an error would. */
async function lintProblems(text: string): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems: NormalizedProblem[] = await lintFromString({ source: text, absoluteRef: file, config });
  return problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
}

/** A copy of the file as an object, to break on purpose. */
const parsed = () => parseYaml(source) as { info: { license: Record<string, string> }; paths: Record<string, Record<string, { operationId?: string }>> };

describe('docs/openapi.yaml', () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    expect(await lintProblems(source)).toEqual([]);
  });

  it('is valid for swagger-parser (which follows the OpenAPI 3.1 schema)', async () => {
    await expect(SwaggerParser.validate(file)).resolves.toMatchObject({ openapi: '3.1.0' });
  });

  it('names its license by SPDX identifier', () => {
    expect(parsed().info.license).toEqual({ name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' });
  });

  it('fails both checks when a license has no identifier and an operation no id (the checks can fail)', async () => {
    const broken = parsed();
    delete broken.info.license.identifier;
    delete broken.paths['/api/health']!.get!.operationId;
    const problems = await lintProblems(stringifyYaml(broken));
    expect(problems.some((p) => p.includes('info-license-strict'))).toBe(true);
    expect(problems.some((p) => p.includes('operation-operationId'))).toBe(true);
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(/license must have required property 'identifier'/);
  });
});
