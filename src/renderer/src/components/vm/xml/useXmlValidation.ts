// Validates the editor's text a moment after typing stops (never more than VALIDATE_MS late), and
// at once when asked (Ctrl+S). The result names the text it was computed for, so a result for
// older text never enables Apply.
import { useCallback, useEffect, useState } from 'react';
import type { DomainIdentity, XmlProblem } from '../../../../../shared/text/checkDomainXml';
import { checkDomainXml } from '../../../../../shared/text/checkDomainXml';

export const VALIDATE_MS = 120;

interface Checked {
  text: string;
  problem: XmlProblem | null;
}

export interface XmlValidation {
  /** The latest problem found (possibly for slightly older text while typing). */
  problem: XmlProblem | null;
  /** True when `text` itself has been checked and is fine. */
  valid: boolean;
  /** Checks `text` now and returns its problem, if any. */
  checkNow(): XmlProblem | null;
}

export function useXmlValidation(text: string | null, name: string, uuid: string): XmlValidation {
  const [checked, setChecked] = useState<Checked | null>(null);

  useEffect(() => {
    if (text === null) return;
    const timer = setTimeout(() => {
      const identity: DomainIdentity = { name, uuid };
      setChecked((prev) =>
        prev?.text === text ? prev : { text, problem: checkDomainXml(text, identity) },
      );
    }, VALIDATE_MS);
    return () => clearTimeout(timer);
  }, [text, name, uuid]);

  const checkNow = useCallback((): XmlProblem | null => {
    if (text === null) return null;
    if (checked?.text === text) return checked.problem;
    const problem = checkDomainXml(text, { name, uuid });
    setChecked({ text, problem });
    return problem;
  }, [text, checked, name, uuid]);

  return {
    problem: checked?.problem ?? null,
    valid: text !== null && checked?.text === text && checked.problem === null,
    checkNow,
  };
}
