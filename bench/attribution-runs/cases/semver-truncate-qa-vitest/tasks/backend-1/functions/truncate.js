const parse = require('./parse')

// truncate('1.2.3-beta.1', 'minor') === '1.2.0': the version cut down to a release level.
const truncate = (version, level, options) => {
  const v = parse(version, options)
  if (!v) {
    return null
  }
  switch (level) {
    case 'major':
      return `${v.major}.0.0`
    case 'minor':
      return `${v.major}.${v.minor}.0`
    case 'patch':
      return `${v.major}.${v.minor}.${v.minor}`
    default:
      throw new TypeError(`Invalid truncation level: ${level}`)
  }
}
module.exports = truncate
