export {
  PipelineSearchResultListItem,
  type PipelineSearchResultListItemProps,
} from './PipelineSearchResultListItem';
