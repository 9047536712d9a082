// The default theme, with the build's version and contract hash at the foot of every page
// (SiteMeta.vue) and the styles that keep code readable at phone width (style.css).
import DefaultTheme from 'vitepress/theme';
import { h } from 'vue';
import SiteMeta from './SiteMeta.js';
import './style.css';

export default {
  extends: DefaultTheme,
  Layout: () =>
    h(DefaultTheme.Layout, null, {
      'doc-footer-before': () => h(SiteMeta),
      'home-features-after': () => h(SiteMeta, { home: true }),
    }),
};
