module.exports = {
  port: process.env.PORT || 3000,
  sessionSecret: 'c7Hq2LmZ9xVb4Nw8Rt3Yp6Ks1Jd5Fg0A',
  partnerApi: 'http://fulfilment.partner-logistics.io/v2',
};
