// The package version and the contract hash this page was built from, at the foot of every
// page, with the links a reader looks for (changelog, npm, the repository when the build knew
// it, the transcription notes, the spec); a page built from changes not yet released says so.
import { useData, withBase } from 'vitepress';
import { defineComponent, h } from 'vue';
import type { BuildInfo } from '../site.mts';

const sep = () => ' · ';
const link = (href: string, text: string, self = false) => h('a', { href, ...(self ? { target: '_self' } : {}) }, text);

export default defineComponent({
  name: 'SiteMeta',
  props: { home: { type: Boolean, default: false } },
  setup(props) {
    // biome-ignore lint/correctness/useHookAtTopLevel: Vue's setup() is where VitePress's composables belong
    const { theme } = useData();
    return () => {
      const info = theme.value.astra as BuildInfo;
      const links = [
        link(withBase('/changelog.html'), 'Changelog'),
        link(info.npmUrl, 'npm'),
        ...(info.repositoryUrl ? [link(info.repositoryUrl, 'Repository')] : []),
        link(withBase('/transcription.html'), 'Transcription notes'),
        link(withBase('/openapi.json'), 'openapi.json', true),
        link(withBase('/openapi.yaml'), 'openapi.yaml', true),
      ].flatMap((a, i) => (i === 0 ? [a] : [sep(), a]));
      return h('div', { class: ['site-meta', { home: props.home }], role: 'contentinfo', 'aria-label': 'Build' }, [
        info.released
          ? null
          : h(
              'p',
              { class: 'unreleased' },
              `Built from unreleased changes${info.latestRelease ? ` (newest release: ${info.latestRelease})` : ''}: what these pages describe may not be on npm yet.`,
            ),
        h('p', [
          `${info.name} `,
          h('strong', info.version),
          ' · contract sha256 ',
          h('code', { class: 'hash' }, info.contractSha256),
        ]),
        h('p', links),
      ]);
    };
  },
});
