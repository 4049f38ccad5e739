import { render } from 'preact';
import { markDocumentLanguage, t } from '../i18n/t.ts';
import { HelperApp } from './HelperApp.tsx';
import '../../assets/ui.css';
import './helper.css';

export function mount() {
  markDocumentLanguage(t('helper.title'));
  render(<HelperApp />, document.getElementById('app')!);
}
