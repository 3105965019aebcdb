// The API's name for the database-fault classifier, which lives with the stores (lib/store/database-faults.ts).
export { isDatabaseUnavailable } from '../store/database-faults';
