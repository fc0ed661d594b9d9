export { CancelRunDialog } from './CancelRunDialog';
