// GET, PUT and DELETE /api/workflows/{name}: one catalogue entry; an app declaring (or forgetting) the metadata of
// a workflow it runs itself.
import { route, routes } from '@/lib/api/next-routes';
import { declareWorkflowHandler, getWorkflowHandler, removeDeclarationHandler } from '@/lib/api/workflow-handlers';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routes({
  GET: route(getWorkflowHandler),
  PUT: route(declareWorkflowHandler),
  DELETE: route(removeDeclarationHandler),
});
