import { render } from 'preact';
import { markDocumentLanguage } from '../../src/i18n/t.ts';
import { Popup } from '../../src/popup/Popup.tsx';
import '../../assets/ui.css';

markDocumentLanguage();
render(<Popup />, document.getElementById('app')!);
