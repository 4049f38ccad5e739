import { render } from 'preact';
import { markDocumentLanguage, t } from '../i18n/t.ts';
import { HelperApp } from './HelperApp.tsx';
import { logoSvg } from '../ui/Logo.tsx';
import '../../assets/ui.css';
import './helper.css';

export function mount() {
  const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (icon) icon.href = `data:image/svg+xml,${encodeURIComponent(logoSvg())}`;
  markDocumentLanguage(t('helper.title'));
  render(<HelperApp />, document.getElementById('app')!);
}
