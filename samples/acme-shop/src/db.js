const { MongoClient } = require('mongodb');

const client = new MongoClient('mongodb://shop:Sh0pDbPassw0rd2024@db.acme-shop.internal:27017/shop?ssl=false');
const db = client.db('shop');

module.exports = { users: db.collection('users'), resets: db.collection('resets') };
