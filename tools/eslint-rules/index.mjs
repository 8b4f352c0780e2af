export default { rules: {} };
