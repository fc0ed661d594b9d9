/** The answer of GET /: who this service is. */
function greeting(name, now = new Date()) {
  if (!name) throw new Error('a service needs a name');
  return { service: name, message: `Hello from ${name}`, time: now.toISOString() };
}

module.exports = { greeting };
