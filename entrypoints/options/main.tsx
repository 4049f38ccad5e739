import { render } from 'preact';
import { markDocumentLanguage, t } from '../../src/i18n/t.ts';
import { Options } from '../../src/options/Options.tsx';
import '../../assets/ui.css';

markDocumentLanguage(t('options.title'));
render(<Options />, document.getElementById('app')!);
