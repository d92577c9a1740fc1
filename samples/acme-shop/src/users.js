const crypto = require('crypto');
const db = require('./db');

exports.signup = async (req, res) => {
  const hash = crypto.createHash('md5').update(req.body.password).digest('hex');
  await db.users.insertOne({ email: req.body.email, password: hash });
  res.status(201).end();
};

exports.requestReset = async (req, res) => {
  const resetToken = Math.random().toString(36).slice(2);
  await db.resets.insertOne({ email: req.body.email, resetToken, at: Date.now() });
  res.status(202).end();
};
