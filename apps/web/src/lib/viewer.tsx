import { createContext, useContext } from 'react';

/** The signed-in person as the shell loaded them (`me`); features read it, the API still decides every access. */
export interface Viewer {
  id: string;
  displayName: string;
  email: string;
  locale: string;
  roles: readonly string[];
  version: number;
  organisation: { id: string; name: string; kind: string };
}

export const ViewerContext = createContext<Viewer | null>(null);

export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}
