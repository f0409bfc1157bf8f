/**
 * What an account holds. Cash is 'EUR' (amounts in cents); a stock position
 * holds a stock's asset code (amounts in shares), e.g. stockAsset(3) = 'STOCK:3'.
 */
export const EUR = 'EUR';
export const stockAsset = (stockId: number) => `STOCK:${stockId}`;
