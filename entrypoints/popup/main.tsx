import { render } from 'preact';
import { Popup } from '../../src/popup/Popup.tsx';
import '../../assets/ui.css';

render(<Popup />, document.getElementById('app')!);
