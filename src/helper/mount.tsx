import { render } from 'preact';
import { HelperApp } from './HelperApp.tsx';
import '../../assets/ui.css';
import './helper.css';

export function mount() {
  render(<HelperApp />, document.getElementById('app')!);
}
