import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { projectRoot } from '../../server/core/config.js';
import { call, type Login } from './auth.js';

type Schema = Record<string, unknown>;
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
};

/** docs/openapi.yaml with every $ref resolved. */
export const openApiDoc = (): Promise<Doc> => SwaggerParser.dereference(path.join(projectRoot, 'docs/openapi.yaml')) as unknown as Promise<Doc>;

/**
 * A checker of the real server's replies against docs/openapi.yaml: the status must be documented for the
 * operation, and the body must match the schema documented for its status and content type (ajv, JSON Schema
 * 2020-12 as OpenAPI 3.1 uses). Returns the reply's body.
 */
export async function openApiChecker(baseUrl: string) {
  const doc = await openApiDoc();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return async function checked(method: string, template: string, url: string, auth: Login | null, body?: unknown): Promise<any> {
    const reply = await call(baseUrl, auth, method, url, body);
    const documented = doc.paths[template]?.[method.toLowerCase()]?.responses;
    expect(documented, `${method} ${template} is not documented`).toBeDefined();
    const response = documented![String(reply.status)] ?? documented![`${String(reply.status)[0]}XX`];
    expect(response, `${method} ${url} answered ${reply.status}, not documented for ${template}: ${JSON.stringify(reply.body)}`).toBeDefined();
    const type = (reply.headers.get('content-type') ?? 'application/json').split(';')[0]!.trim();
    const schema = response!.content?.[type]?.schema;
    if (reply.status === 204) expect(reply.body).toBeNull();
    else {
      expect(schema, `${method} ${template} ${reply.status} has no schema for ${type}`).toBeDefined();
      const ok = ajv.validate(schema!, reply.body);
      expect(ok ? [] : ajv.errors, `${method} ${url} → ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`).toEqual([]);
    }
    return reply.body;
  };
}
