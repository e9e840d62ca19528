// Rewrites the matrix in docs/security.md from PERMISSIONS in src/lib/shared/policy.ts.
import { permissionTable } from '../src/lib/shared/policy.ts';
import { rewriteDocSection } from './doc-section.ts';

rewriteDocSection('docs/security.md', 'matrix', permissionTable());
