// A unified line diff: hunks headed "@@ line N @@", added lines green with +, removed lines red
// with −, unchanged context plain. Added and removed lines are <ins>/<del>, which screen readers
// can announce as insertions and deletions.
import type { DiffHunk, DiffLine } from '../../../../../shared/text/lineDiff';
import './diff.css';

const SIGN: Record<DiffLine['kind'], string> = { same: ' ', add: '+', del: '−' };

function Line({ line }: { line: DiffLine }) {
  const content = (
    <>
      <span className="diff-num" aria-hidden="true">
        {line.oldLine ?? ''}
      </span>
      <span className="diff-num" aria-hidden="true">
        {line.newLine ?? ''}
      </span>
      <span className="diff-sign" aria-hidden="true">
        {SIGN[line.kind]}
      </span>
      <span className="diff-text">{line.text}</span>
    </>
  );
  if (line.kind === 'add') return <ins className="diff-line diff-add">{content}</ins>;
  if (line.kind === 'del') return <del className="diff-line diff-del">{content}</del>;
  return <div className="diff-line">{content}</div>;
}

export function XmlDiff({ hunks, label }: { hunks: readonly DiffHunk[]; label: string }) {
  return (
    <div className="diff" role="region" aria-label={label} tabIndex={0}>
      {hunks.map((h) => (
        <div key={`${h.oldStart}:${h.newStart}`} className="diff-hunk">
          <div className="diff-header">@@ line {h.newStart} @@</div>
          {h.lines.map((l, i) => (
            <Line key={i} line={l} />
          ))}
        </div>
      ))}
    </div>
  );
}
