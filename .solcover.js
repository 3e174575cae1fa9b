// Coverage measures the protocol, not its test doubles or proof harnesses.
module.exports = {
  skipFiles: ["mocks/", "verification/"],
};
