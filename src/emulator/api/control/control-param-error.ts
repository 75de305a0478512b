// The error of a control call given a wrong param: its message starts with the param's name (over HTTP: 400
// INVALID_PARAM).

export class ControlParamError extends TypeError {
  override name = 'ControlParamError'

  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`)
  }
}
