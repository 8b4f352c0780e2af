// Every message file at once, synchronously: what the component tests load in place of messages.ts.
import { resources } from './resources';

type Tree = Record<string, unknown>;

export const allMessages = resources as unknown as Record<string, Record<string, Tree>>;

export function shellMessages(): Record<string, Record<string, Tree>> {
  return allMessages;
}

export function loadNamespace(lng: string, ns: string): Promise<Tree> {
  const tree = allMessages[lng]?.[ns];
  return tree ? Promise.resolve(tree) : Promise.reject(new Error(`no messages ${lng}/${ns}`));
}
