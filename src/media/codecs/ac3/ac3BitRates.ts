/** Nominal bit rate in kbit/s for frmsizecod >> 1 (ATSC A/52 Table 5.18). */
export const ac3BitRates: readonly number[] = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640];
