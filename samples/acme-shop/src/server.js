const express = require('express');
const session = require('express-session');
const config = require('../config/settings');
const orders = require('./orders');
const users = require('./users');

const app = express();
app.use(express.json());
app.use(session({
  secret: config.sessionSecret,
  resave: false,
  saveUninitialized: false,
}));

app.post('/signup', users.signup);
app.post('/password-reset', users.requestReset);
app.post('/orders', orders.create);

app.listen(config.port, () => console.log(`shop API on :${config.port}`));
