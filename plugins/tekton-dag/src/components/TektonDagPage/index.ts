export { TektonDagPage } from './TektonDagPage';
