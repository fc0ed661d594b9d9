import { Readable } from 'stream';
import {
  createServiceFactory,
  type UrlReaderService,
  type UrlReaderServiceReadTreeOptions,
  type UrlReaderServiceReadTreeResponse,
  type UrlReaderServiceReadUrlOptions,
  type UrlReaderServiceReadUrlResponse,
  type UrlReaderServiceSearchOptions,
  type UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  type ReaderFactory,
  type ReadTreeResponseFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import { InputError, NotFoundError, NotModifiedError } from '@backstage/errors';
import { LocalRepositories } from './LocalRepositories';

/**
 * Reads files of the local repositories (LocalRepositories) by their `file:` URLs, e.g.
 * `file:///srv/portal/.data/git/hello.git/catalog-info.yaml`: the file at the repository's HEAD.
 * So the standard `catalog:register` can register a component the local portal's template
 * published, and the catalog refreshes it from later commits. Only URLs inside the configured
 * folder are read; every other `file:` URL is left to other readers (none, by default).
 */
export class LocalRepositoryUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const repositories = LocalRepositories.fromConfig(config);
    if (!repositories) return [];
    const reader = new LocalRepositoryUrlReader(
      repositories,
      treeResponseFactory,
    );
    return [{ reader, predicate: url => !!repositories.parseUrl(url) }];
  };

  constructor(
    private readonly repositories: LocalRepositories,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  private locate(url: string) {
    const file = this.repositories.parseUrl(url);
    if (!file) {
      throw new InputError(`${url} is not in a local repository`);
    }
    return file;
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { gitDir, path } = this.locate(url);
    if (!path) throw new InputError(`${url} names a repository, not a file`);
    const commit = await this.repositories.revision(gitDir);
    const etag = `${commit}:${path}`;
    if (options?.etag === etag) throw new NotModifiedError();
    const content = await this.repositories.readFile(gitDir, commit, path);
    return {
      buffer: async () => content,
      stream: () => Readable.from(content),
      etag,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { gitDir, path } = this.locate(url);
    const commit = await this.repositories.revision(gitDir);
    if (options?.etag === commit) throw new NotModifiedError();
    const archive = await this.repositories.archive(gitDir, commit, path);
    return this.treeResponseFactory.fromTarArchive({
      stream: Readable.from(archive),
      subpath: path,
      etag: commit,
      filter: options?.filter,
      stripFirstDirectory: false,
    });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?[\]{}]/.test(url)) {
      throw new InputError(
        `${url}: local repositories are read file by file; glob patterns are not supported`,
      );
    }
    // Without a pattern a search is a read of one file, found or not (as the other readers do).
    try {
      const file = await this.readUrl(url, options);
      return {
        files: [{ url, content: file.buffer }],
        etag: file.etag ?? '',
      };
    } catch (error) {
      if (error instanceof NotFoundError) return { files: [], etag: '' };
      throw error;
    }
  }

  toString() {
    return `local-repositories{directory=${this.repositories.directory}}`;
  }
}

/**
 * Adds the reader of local repositories to every plugin's UrlReader, when
 * `tektonDag.scaffolder.localRepositories.directory` is configured.
 *
 * @public
 */
export const localRepositoryUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalRepositoryUrlReader.factory;
  },
});
