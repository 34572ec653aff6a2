// Vitest global setup: starts the local OAuth/OIDC server (fake-idp-server.ts) in Node and
// hands its base URL and the Apple signing key to the tests in workerd through `provide`.
import type { TestProject } from 'vitest/node';
import { startFakeIdp } from './fake-idp-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeIdpUrl: string;
    fakeApplePrivateKey: string;
  }
}

export default async function setup(project: TestProject) {
  const idp = await startFakeIdp();
  project.provide('fakeIdpUrl', idp.url);
  project.provide('fakeApplePrivateKey', idp.applePrivateKeyPem);
  return () => idp.close();
}
